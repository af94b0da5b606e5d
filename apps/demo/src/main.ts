/**
 * The entry of `pnpm demo`: checks the options first (cli-options.ts: `--help`, unknown options and
 * bad values end here, before tfjs is loaded or a backend starts), then loads and runs the demo.
 */
import { parseDemoOptions } from './cli-options';

const options = parseDemoOptions(process.argv);
const { runDemo } = await import('./cli');
await runDemo(options).catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
