// Package maintenance holds the rules of the maintenance and inventory
// prioritisation workflow: support issues and their SLO/RTO clocks on the
// business-time calendar, signals raised by repeated misses, the
// prioritisation framework, recurring inventory reviews that find zombie
// tools, and the team's capacity against the load it has committed to.
package maintenance
