/**
 * V8's inlining budget, raised for the simulator (DESIGN.md, decision 20). The model's hot
 * functions are large, and with the default budget (920 bytes of bytecode inlined into one
 * function) V8 stops inlining the small ones they call: each such call passes or returns its
 * fractions boxed, and ten years of return-hubs allocated about 200 MB of short-lived numbers a
 * replication, whose young-generation churn pushed the people's records out of the cache. With
 * this budget, under 80 MB, and 12% less time in paired runs. V8's flags are per process: this
 * applies to every thread, for code optimised after it runs (the model's is optimised only once
 * it is hot). It changes no result. Imported by the simulator's own processes only (its `hubs`
 * commands, its benchmarks and the validation report), not by the model: in the web
 * server the same budget took the dashboard from about 570 to 460 requests a second.
 */
import { setFlagsFromString } from 'node:v8';

setFlagsFromString('--max-inlined-bytecode-size-cumulative=4000');
setFlagsFromString('--max-inlined-bytecode-size=1000');
