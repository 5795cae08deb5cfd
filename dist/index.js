import { createRequire as __ssla_createRequire } from 'node:module'; import { fileURLToPath as __ssla_fileURLToPath } from 'node:url'; import { dirname as __ssla_dirname } from 'node:path'; const require = __ssla_createRequire(import.meta.url); const __filename = __ssla_fileURLToPath(import.meta.url); const __dirname = __ssla_dirname(__filename);
import {
  hideUnparsableEvent
} from "./chunks/chunk-VA4GFDYM.js";
import "./chunks/chunk-SDSMZU5J.js";

// src/index.ts
var env = { ...process.env };
hideUnparsableEvent(process.env);
var { run } = await import("./chunks/main-A7VM7WZB.js");
await run(env);
