// Vite's `?url` imports of the wasm backend's binaries resolve to their served URLs.
declare module '@tensorflow/tfjs-backend-wasm/dist/*.wasm?url' {
  const url: string;
  export default url;
}
