DROP INDEX "case_transitions_case_idx";--> statement-breakpoint
ALTER TABLE "case_transitions" ADD COLUMN "case_version" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX "case_transitions_case_idx" ON "case_transitions" USING btree ("case_id","case_version");