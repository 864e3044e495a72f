package core

// Versions a client can send in If-Match besides a stored version (stored
// versions start at 0 for a document that was never saved).
const (
	// NoVersion: the client sent no If-Match.
	NoVersion = -1
	// AnyVersion: the client sent If-Match: *, which matches whatever is stored.
	AnyVersion = -2
	// UnknownVersion: the client sent a tag this server never gave out; it matches nothing.
	UnknownVersion = -3
)

// CheckVersion enforces optimistic concurrency: it fails with
// PreconditionFailed when the client's version want is not the stored
// version have, and with PreconditionNeeded when the client sent none and
// required says one is needed. what names the thing, as in "the tool".
func CheckVersion(what string, have, want int, required bool) error {
	switch {
	case want == NoVersion && required:
		return Errorf(PreconditionNeeded,
			"changing %s needs an If-Match header with its current ETag (version %d)", what, have)
	case want == NoVersion || want == AnyVersion:
		return nil
	case want == UnknownVersion:
		return Errorf(PreconditionFailed,
			"the If-Match header does not name a version of %s; it is at version %d", what, have)
	case want != have:
		return Errorf(PreconditionFailed,
			"%s has changed since you read it: you sent version %d, it is now at version %d; read it again and retry", what, want, have)
	}
	return nil
}
