#!/usr/bin/env node
// The `hubs` command. Runs the TypeScript sources directly through tsx; no build step.
import './register-ts.js';

// The simulator's V8 flags (src/sim/DESIGN.md, decision 20): set here, in a process of its own,
// and not by the web server, whose pages they slow.
await import('../src/sim/v8-flags.ts');
await import('../src/cli.ts');
