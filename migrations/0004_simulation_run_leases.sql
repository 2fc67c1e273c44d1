ALTER TABLE "simulation_runs" ALTER COLUMN "status" SET DEFAULT 'QUEUED';--> statement-breakpoint
ALTER TABLE "simulation_runs" ADD COLUMN "attempts" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "simulation_runs" ADD COLUMN "lease_owner" text;--> statement-breakpoint
ALTER TABLE "simulation_runs" ADD COLUMN "lease_expires_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "simulation_runs_status_idx" ON "simulation_runs" USING btree ("status","created_at");--> statement-breakpoint
UPDATE "simulation_runs" SET "status" = upper("status");
