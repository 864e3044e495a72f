// Package cocreate holds the rules of the co-create workflow: building an
// internal tool's capabilities into the product with the product's
// engineers. A co-create has a tooling integration epic with one child epic
// per discrete piece of functionality, a handover epic created as early as
// possible, loop 1 (product validation and proof of concept) and loop 2
// (product integration), the key considerations, and a sunset roadmap with
// sunsetting issues. Shipping hands the tool to transition & sunset.
//
// A co-create is either of a tool (in the integrate category) or of a need:
// an intake request decided build_in_product, with no internal tool behind it.
package cocreate
