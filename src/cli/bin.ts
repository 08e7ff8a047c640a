#!/usr/bin/env node
/** The `clusterip-sim` executable: run the command line and set the exit code. */
import { main, reportFailure } from './main.js';

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.exitCode = reportFailure(e);
  },
);
