import { setFlagsFromString } from 'node:v8';

// V8 lets the old generation grow to up to 4× the live set between full
// collections. panel's live set is small (tens of MB even on a 1,000-tool
// catalog) and its garbage is mostly short-lived JSON strings, so that growth
// is nearly all garbage: capping growth at 1.6× measured about 170 MB peak RSS for a
// 1,000-tool regen instead of 232 MB, for a few percent more CPU (BENCHMARKS.md).
// Read at each collection, so setting it here, before any work, takes effect.
setFlagsFromString('--heap-growing-percent=60');
