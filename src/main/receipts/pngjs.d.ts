// pngjs (a dependency of qrcode) ships no types: the one function receipts use.
declare module 'pngjs' {
  export const PNG: {
    sync: { read(buffer: Buffer): { width: number; height: number; data: Buffer } }
  }
}
