// Mocha loads this before any test file: the same process-wide preparation as src/index.ts.
import "../src/platform/polyfills.js";
