// Jest runs each test file in its own V8 context, whose typed-array constructors differ from the
// ones native addons create. onnxruntime-node returns outputs built in Node's main context, and
// onnxruntime-common checks them with `instanceof Float32Array`, which fails across contexts.
// Sharing the main context's typed-array constructors with the test context fixes that.
import { TestEnvironment } from 'jest-environment-node';

const SHARED = [
  'ArrayBuffer', 'SharedArrayBuffer', 'DataView', 'Float32Array', 'Float64Array', 'Int8Array', 'Int16Array',
  'Int32Array', 'Uint8Array', 'Uint8ClampedArray', 'Uint16Array', 'Uint32Array', 'BigInt64Array', 'BigUint64Array',
];

export default class SharedTypedArrayEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    for (const name of SHARED) this.global[name] = globalThis[name];
    // Tests behave the same in CI as on a laptop: libraries that read CI at import time (Ink
    // renders only its last frame when it is set) must not change under CI=true. Code that
    // cares about CI gets it from an explicit environment object in its tests.
    delete this.global.process.env.CI;
  }
}
