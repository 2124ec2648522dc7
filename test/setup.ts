// Mocha loads this before any test file: the same process-wide preparation as src/index.ts.
import "../src/platform/polyfills.js";
import { installFetchContractCheck } from "./helpers/contract.js";

// Every response a test receives from a documented API route is checked against docs/openapi.json.
installFetchContractCheck();
