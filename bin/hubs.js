#!/usr/bin/env node
// The `hubs` command. Runs the TypeScript sources directly through tsx; no build step.
import './register-ts.js';

await import('../src/cli.ts');
