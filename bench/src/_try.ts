import { key } from '@stochgrad/core';
import { runVae } from './vae';
const r = await runVae({ key: key(0), warmupSeconds: 2, blockSeconds: 1, blocks: 3 });
console.log(JSON.stringify(r, null, 1));
