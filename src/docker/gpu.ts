// How a container gets GPUs: the same target config (`gpus`, `gpu-mode`, `gpu-driver-libs`)
// becomes HostConfig fragments for the engine builder and for the measured container alike.
// The mapping is pure; the two helpers at the bottom read the host (device nodes, ldconfig).
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { posix } from 'node:path';
import type { HostConfig } from 'dockerode';
import { ConfigError } from '../util/errors.ts';

export type GpuRequest = undefined | { count: number } | { ids: string[] };
export type GpuMode = 'toolkit' | 'cdi' | 'manual';

/** Where the driver's user-space libraries (libcuda & co.) are on the host, for manual mode. */
export interface DriverLibs {
  /** Host folder. Bound read-only at the same path when `files` is absent. */
  dir: string;
  /**
   * Single files to bind into CONTAINER_DRIVER_DIR instead: used when the driver lives in a
   * system folder (/usr/lib/x86_64-linux-gnu), whose glibc must not shadow the image's own.
   */
  files?: string[];
}

export interface GpuSpec {
  gpus: GpuRequest;
  mode: GpuMode;
  /** Manual mode: the driver libraries (see locateDriverLibs). */
  driverLibs?: DriverLibs;
  /** Manual mode: the /dev/nvidiaN nodes present on the host (see listNvidiaDevices). */
  hostDevices?: string[];
  /** The image's own Env, so LD_LIBRARY_PATH is extended rather than replaced. */
  imageEnv?: string[];
}

export interface GpuContainerOptions {
  HostConfig: Pick<HostConfig, 'DeviceRequests' | 'Devices' | 'Binds'>;
  Env: string[];
}

/** Where single driver files are bound in manual mode (the path NVIDIA's images expect). */
export const CONTAINER_DRIVER_DIR = '/usr/local/nvidia/lib64';
/** Control nodes every CUDA process opens besides its /dev/nvidiaN. */
export const NVIDIA_CONTROL_DEVICES = ['/dev/nvidiactl', '/dev/nvidia-uvm', '/dev/nvidia-uvm-tools'];

export function gpuContainerOptions(spec: GpuSpec): GpuContainerOptions {
  const { gpus } = spec;
  if (gpus === undefined) return { HostConfig: {}, Env: [] };
  switch (spec.mode) {
    case 'toolkit':
      // `docker run --gpus`: Driver "nvidia" rather than "" so a host with several registered
      // device drivers cannot pick another one (moby daemon/devices.go picks the first match).
      return {
        HostConfig: {
          DeviceRequests: [
            'ids' in gpus
              ? { Driver: 'nvidia', DeviceIDs: gpus.ids, Capabilities: [['gpu']] }
              : { Driver: 'nvidia', Count: gpus.count, Capabilities: [['gpu']] },
          ],
        },
        Env: [],
      };
    case 'cdi':
      return { HostConfig: { DeviceRequests: [{ Driver: 'cdi', DeviceIDs: cdiNames(gpus) }] }, Env: [] };
    case 'manual':
      return manualOptions(gpus, spec);
  }
}

function cdiNames(gpus: { count: number } | { ids: string[] }): string[] {
  if ('ids' in gpus) return gpus.ids.map((id) => `nvidia.com/gpu=${id}`);
  if (gpus.count === -1) return ['nvidia.com/gpu=all'];
  // CDI has no "any n devices": name the first n indices, as the toolkit does for a count.
  return Array.from({ length: gpus.count }, (_, i) => `nvidia.com/gpu=${i}`);
}

function manualOptions(gpus: { count: number } | { ids: string[] }, spec: GpuSpec): GpuContainerOptions {
  const present = sortDevices(spec.hostDevices ?? []);
  let chosen: string[];
  if ('ids' in gpus) {
    const bad = gpus.ids.find((id) => !/^\d+$/.test(id));
    if (bad !== undefined) {
      throw new ConfigError(
        `Input "gpus" has value "${gpus.ids.join(',')}": gpu-mode manual maps GPUs by index (/dev/nvidiaN), not by UUID ("${bad}"); use indices or gpu-mode toolkit/cdi`,
      );
    }
    chosen = gpus.ids.map((id) => `/dev/nvidia${id}`);
    const missing = chosen.filter((d) => !present.includes(d));
    if (missing.length > 0) {
      throw new ConfigError(`gpu-mode manual: ${missing.join(', ')} not present on this host (found: ${present.join(', ') || 'none'})`);
    }
  } else {
    chosen = gpus.count === -1 ? present : present.slice(0, gpus.count);
    if (chosen.length === 0 || (gpus.count !== -1 && chosen.length < gpus.count)) {
      throw new ConfigError(
        `gpu-mode manual: asked for ${gpus.count === -1 ? 'all GPUs' : `${gpus.count} GPU(s)`}, found ${present.length} /dev/nvidiaN node(s) on this host`,
      );
    }
  }
  const libs = spec.driverLibs;
  if (libs === undefined) {
    throw new ConfigError(
      'gpu-mode manual needs the driver libraries: set gpu-driver-libs (e.g. /usr/local/nvidia/lib64), none were found with ldconfig',
    );
  }
  const binds =
    libs.files === undefined
      ? [`${libs.dir}:${libs.dir}:ro`]
      : libs.files.map((f) => `${posix.join(libs.dir, f)}:${posix.join(CONTAINER_DRIVER_DIR, f)}:ro`);
  const libPath = libs.files === undefined ? libs.dir : CONTAINER_DRIVER_DIR;
  return {
    HostConfig: {
      Devices: [...chosen, ...NVIDIA_CONTROL_DEVICES].map((d) => ({ PathOnHost: d, PathInContainer: d, CgroupPermissions: 'rwm' })),
      Binds: binds,
    },
    Env: [`LD_LIBRARY_PATH=${withImageLibraryPath(libPath, spec.imageEnv ?? [])}`],
  };
}

/** Prepends the driver folder to the image's LD_LIBRARY_PATH: a TensorRT image needs its own. */
function withImageLibraryPath(dir: string, imageEnv: string[]): string {
  const own = imageEnv.find((e) => e.startsWith('LD_LIBRARY_PATH='))?.slice('LD_LIBRARY_PATH='.length) ?? '';
  const rest = own.split(':').filter((p) => p !== '' && p !== dir);
  return [dir, ...rest].join(':');
}

/** /dev/nvidia0 < /dev/nvidia2 < /dev/nvidia10 (numeric, not lexical). */
function sortDevices(devices: string[]): string[] {
  const index = (d: string) => Number(/(\d+)$/.exec(d)?.[1] ?? Number.NaN);
  return [...devices].filter((d) => /^\/dev\/nvidia\d+$/.test(d)).sort((a, b) => index(a) - index(b));
}

/** Merges GPU env into a container's Env: a later KEY= wins over an earlier one. */
export function mergeEnv(base: string[], extra: string[]): string[] {
  const key = (e: string) => e.slice(0, e.indexOf('=') < 0 ? e.length : e.indexOf('='));
  const overridden = new Set(extra.map(key));
  return [...base.filter((e) => !overridden.has(key(e))), ...extra];
}

// ---- reading the host (manual mode only) ----

export interface HostProbe {
  listDir(dir: string): string[];
  exists(path: string): boolean;
  /** `ldconfig -p` output, or '' when ldconfig is unavailable. */
  ldconfig(): string;
}

export const realHost: HostProbe = {
  listDir: (dir) => {
    try {
      return readdirSync(dir);
    } catch {
      return [];
    }
  },
  exists: existsSync,
  ldconfig: () => {
    try {
      return execFileSync('ldconfig', ['-p'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    } catch {
      return '';
    }
  },
};

/** The /dev/nvidiaN GPU nodes of this host, in index order. */
export function listNvidiaDevices(host: HostProbe = realHost): string[] {
  return sortDevices(host.listDir('/dev').map((n) => `/dev/${n}`));
}

const SYSTEM_DIRS = /^\/(usr\/)?lib(64|32)?(\/|$)/;
/** The driver's own user-space libraries, not glibc or the CUDA toolkit's. */
const DRIVER_LIB = /^lib(cuda|nvidia-[\w-]+|nvcuvid|nvoptix|cudadebugger)\.so(\.[\d.]+)?$/;

/**
 * Finds the driver's libraries: the configured folder, else /usr/local/nvidia/lib64 (where
 * GPU hosts without the toolkit usually keep them), else the folder `ldconfig -p` names for
 * libcuda.so.1. A system folder yields single files so the image's glibc stays its own.
 */
export function locateDriverLibs(configured: string | undefined, host: HostProbe = realHost): DriverLibs | undefined {
  let dir = configured;
  if (dir === undefined && host.listDir(CONTAINER_DRIVER_DIR).some((f) => f.startsWith('libcuda.so'))) dir = CONTAINER_DRIVER_DIR;
  if (dir === undefined) {
    const m = /libcuda\.so\.1 \([^)]*x86-64[^)]*\) => (\S+)/.exec(host.ldconfig()) ?? /libcuda\.so\.1 .*=> (\S+)/.exec(host.ldconfig());
    if (m?.[1] !== undefined) dir = posix.dirname(m[1]);
  }
  if (dir === undefined) return undefined;
  if (!host.exists(dir)) throw new ConfigError(`Input "gpu-driver-libs" has value "${dir}": no such folder on this host`);
  if (!SYSTEM_DIRS.test(dir)) return { dir };
  const files = host.listDir(dir).filter((f) => DRIVER_LIB.test(f)).sort();
  if (!files.some((f) => f.startsWith('libcuda.so'))) {
    throw new ConfigError(`gpu-mode manual: no libcuda.so* in ${dir}; set gpu-driver-libs to the folder holding the NVIDIA driver libraries`);
  }
  return { dir, files };
}
