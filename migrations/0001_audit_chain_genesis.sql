-- The audit chain starts at seq 0 with the genesis hash (64 zeros). Appends lock this one row.
INSERT INTO "audit_chain_head" ("id", "seq", "hash") VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000') ON CONFLICT DO NOTHING;
