// Vitest runs server modules directly in Node; the real package would throw there.
export {};
