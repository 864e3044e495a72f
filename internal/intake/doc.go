// Package intake holds the rules of the intake workflow: net-new requests
// and ownership handovers taken step by step to a recorded decision, with
// the agreements the seeds require, and "other" requests decided at once. A
// final decision adds the tool to the inventory (through inventory.Enroll,
// in the same transaction), records co-create of a need, or schedules a
// re-assessment, and tells the stakeholders.
package intake
