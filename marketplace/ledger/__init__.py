"""The ledger: what paid orders earned each producer, the commission, and what was paid out."""
