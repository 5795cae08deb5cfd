// Replaced at bundle time by scripts/build.mjs; tests run the sources and see the fallback.
declare const __STARTUP_SLA_VERSION__: string | undefined;
export const VERSION: string = typeof __STARTUP_SLA_VERSION__ === 'string' ? __STARTUP_SLA_VERSION__ : '0.0.0-dev';
