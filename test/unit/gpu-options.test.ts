import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  gpuContainerOptions,
  listNvidiaDevices,
  locateDriverLibs,
  mergeEnv,
  type GpuSpec,
  type GpuContainerOptions,
  type HostProbe,
} from '../../src/docker/gpu.ts';
import { ConfigError } from '../../src/util/errors.ts';

const gpu = (n: string) => ({ PathOnHost: n, PathInContainer: n, CgroupPermissions: 'rwm' });
const control = [gpu('/dev/nvidiactl'), gpu('/dev/nvidia-uvm'), gpu('/dev/nvidia-uvm-tools')];
const libs = { dir: '/usr/local/nvidia/lib64' };
const present = ['/dev/nvidia10', '/dev/nvidia0', '/dev/nvidia1', '/dev/nvidia2'];

const cases: [string, GpuSpec, GpuContainerOptions][] = [
  ['no gpus: nothing added', { gpus: undefined, mode: 'manual' }, { HostConfig: {}, Env: [] }],
  [
    'toolkit all',
    { gpus: { count: -1 }, mode: 'toolkit' },
    { HostConfig: { DeviceRequests: [{ Driver: 'nvidia', Count: -1, Capabilities: [['gpu']] }] }, Env: [] },
  ],
  [
    'toolkit count 2',
    { gpus: { count: 2 }, mode: 'toolkit' },
    { HostConfig: { DeviceRequests: [{ Driver: 'nvidia', Count: 2, Capabilities: [['gpu']] }] }, Env: [] },
  ],
  [
    'toolkit ids',
    { gpus: { ids: ['0', 'GPU-abc'] }, mode: 'toolkit' },
    { HostConfig: { DeviceRequests: [{ Driver: 'nvidia', DeviceIDs: ['0', 'GPU-abc'], Capabilities: [['gpu']] }] }, Env: [] },
  ],
  [
    'cdi all',
    { gpus: { count: -1 }, mode: 'cdi' },
    { HostConfig: { DeviceRequests: [{ Driver: 'cdi', DeviceIDs: ['nvidia.com/gpu=all'] }] }, Env: [] },
  ],
  [
    'cdi count 2 names the first two',
    { gpus: { count: 2 }, mode: 'cdi' },
    { HostConfig: { DeviceRequests: [{ Driver: 'cdi', DeviceIDs: ['nvidia.com/gpu=0', 'nvidia.com/gpu=1'] }] }, Env: [] },
  ],
  [
    'cdi ids',
    { gpus: { ids: ['1', 'GPU-x'] }, mode: 'cdi' },
    { HostConfig: { DeviceRequests: [{ Driver: 'cdi', DeviceIDs: ['nvidia.com/gpu=1', 'nvidia.com/gpu=GPU-x'] }] }, Env: [] },
  ],
  [
    'manual all: every node in numeric order, control nodes, libs bound at the same path',
    { gpus: { count: -1 }, mode: 'manual', driverLibs: libs, hostDevices: present },
    {
      HostConfig: {
        Devices: [gpu('/dev/nvidia0'), gpu('/dev/nvidia1'), gpu('/dev/nvidia2'), gpu('/dev/nvidia10'), ...control],
        Binds: ['/usr/local/nvidia/lib64:/usr/local/nvidia/lib64:ro'],
      },
      Env: ['LD_LIBRARY_PATH=/usr/local/nvidia/lib64'],
    },
  ],
  [
    'manual count 1 takes the first',
    { gpus: { count: 1 }, mode: 'manual', driverLibs: libs, hostDevices: present },
    {
      HostConfig: { Devices: [gpu('/dev/nvidia0'), ...control], Binds: ['/usr/local/nvidia/lib64:/usr/local/nvidia/lib64:ro'] },
      Env: ['LD_LIBRARY_PATH=/usr/local/nvidia/lib64'],
    },
  ],
  [
    'manual ids, image LD_LIBRARY_PATH kept after the driver folder',
    { gpus: { ids: ['2'] }, mode: 'manual', driverLibs: libs, hostDevices: present, imageEnv: ['PATH=/bin', 'LD_LIBRARY_PATH=/opt/trt/lib:/usr/local/cuda/lib64'] },
    {
      HostConfig: { Devices: [gpu('/dev/nvidia2'), ...control], Binds: ['/usr/local/nvidia/lib64:/usr/local/nvidia/lib64:ro'] },
      Env: ['LD_LIBRARY_PATH=/usr/local/nvidia/lib64:/opt/trt/lib:/usr/local/cuda/lib64'],
    },
  ],
  [
    'manual with driver files from a system folder: bound one by one into /usr/local/nvidia/lib64',
    {
      gpus: { count: 1 },
      mode: 'manual',
      driverLibs: { dir: '/usr/lib/x86_64-linux-gnu', files: ['libcuda.so.1', 'libnvidia-ptxjitcompiler.so.1'] },
      hostDevices: ['/dev/nvidia0'],
    },
    {
      HostConfig: {
        Devices: [gpu('/dev/nvidia0'), ...control],
        Binds: [
          '/usr/lib/x86_64-linux-gnu/libcuda.so.1:/usr/local/nvidia/lib64/libcuda.so.1:ro',
          '/usr/lib/x86_64-linux-gnu/libnvidia-ptxjitcompiler.so.1:/usr/local/nvidia/lib64/libnvidia-ptxjitcompiler.so.1:ro',
        ],
      },
      Env: ['LD_LIBRARY_PATH=/usr/local/nvidia/lib64'],
    },
  ],
];
for (const [name, spec, want] of cases) {
  test(`gpu options: ${name}`, () => assert.deepEqual(gpuContainerOptions(spec), want));
}

const refusals: [string, GpuSpec, RegExp][] = [
  ['manual by UUID', { gpus: { ids: ['GPU-1234'] }, mode: 'manual', driverLibs: libs, hostDevices: present }, /by index.*"GPU-1234"/],
  ['manual id not present', { gpus: { ids: ['7'] }, mode: 'manual', driverLibs: libs, hostDevices: present }, /\/dev\/nvidia7 not present/],
  ['manual more than present', { gpus: { count: 5 }, mode: 'manual', driverLibs: libs, hostDevices: present }, /asked for 5 GPU\(s\), found 4/],
  ['manual all, none present', { gpus: { count: -1 }, mode: 'manual', driverLibs: libs, hostDevices: [] }, /all GPUs, found 0/],
  ['manual without driver libs', { gpus: { count: 1 }, mode: 'manual', hostDevices: present }, /gpu-driver-libs/],
];
for (const [name, spec, msg] of refusals) {
  test(`gpu options refused: ${name}`, () => assert.throws(() => gpuContainerOptions(spec), (e: unknown) => e instanceof ConfigError && msg.test(e.message)));
}

test('mergeEnv: gpu env replaces the same key, keeps the rest', () => {
  assert.deepEqual(mergeEnv(['A=1', 'LD_LIBRARY_PATH=/x', 'B'], ['LD_LIBRARY_PATH=/y']), ['A=1', 'B', 'LD_LIBRARY_PATH=/y']);
});

function probe(dirs: Record<string, string[]>, ldconfig = ''): HostProbe {
  return { listDir: (d) => dirs[d] ?? [], exists: (p) => p in dirs, ldconfig: () => ldconfig };
}

test('listNvidiaDevices keeps only GPU nodes, numeric order', () => {
  const host = probe({ '/dev': ['nvidia1', 'nvidiactl', 'nvidia-uvm', 'nvidia0', 'nvidia10', 'nvidia2', 'null', 'nvidia-caps'] });
  assert.deepEqual(listNvidiaDevices(host), ['/dev/nvidia0', '/dev/nvidia1', '/dev/nvidia2', '/dev/nvidia10']);
});

const LDCONFIG = `\t1234 libs found in cache \`/etc/ld.so.cache'
\tlibcudart.so.12 (libc6,x86-64) => /usr/local/cuda/lib64/libcudart.so.12
\tlibcuda.so.1 (libc6,x86-64) => /usr/lib/x86_64-linux-gnu/libcuda.so.1
\tlibcuda.so (libc6,x86-64) => /usr/lib/x86_64-linux-gnu/libcuda.so
`;
const SYSLIB = ['libc.so.6', 'libcuda.so.1', 'libcuda.so.550.54.15', 'libnvidia-ml.so.1', 'libnvidia-ptxjitcompiler.so.1', 'libcudart.so.12', 'libnvinfer.so.10'];

const locate: [string, string | undefined, HostProbe, ReturnType<typeof locateDriverLibs>][] = [
  ['configured non-system folder', '/opt/driver', probe({ '/opt/driver': ['libcuda.so.1'] }), { dir: '/opt/driver' }],
  ['/usr/local/nvidia/lib64 first', undefined, probe({ '/usr/local/nvidia/lib64': ['libcuda.so.1'] }, LDCONFIG), { dir: '/usr/local/nvidia/lib64' }],
  [
    'ldconfig names a system folder: driver files only (no glibc, no toolkit libs)',
    undefined,
    probe({ '/usr/lib/x86_64-linux-gnu': SYSLIB }, LDCONFIG),
    { dir: '/usr/lib/x86_64-linux-gnu', files: ['libcuda.so.1', 'libcuda.so.550.54.15', 'libnvidia-ml.so.1', 'libnvidia-ptxjitcompiler.so.1'] },
  ],
  ['nothing found', undefined, probe({}), undefined],
];
for (const [name, configured, host, want] of locate) {
  test(`locateDriverLibs: ${name}`, () => assert.deepEqual(locateDriverLibs(configured, host), want));
}

test('locateDriverLibs refuses a configured folder that does not exist', () => {
  assert.throws(() => locateDriverLibs('/nope', probe({})), /"gpu-driver-libs" has value "\/nope": no such folder/);
});
