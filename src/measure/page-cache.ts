// `page-cache: drop`: the kernel's page cache emptied before each burst, so the starts read the
// image's files (and the weights) from disk, as on a node that has not run the image lately.
// Behind a small interface so the refusal can be shown without taking root away from the machine.
import { execFile } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { promisify } from 'node:util';

export interface PageCache {
  /** What is written to, for the messages. */
  readonly path: string;
  /** Why dropping is not possible here; undefined when it is. */
  cannotDrop(): string | undefined;
  /** sync (dirty pages would stay), then drop page cache, dentries and inodes. */
  drop(): Promise<void>;
}

/** https://docs.kernel.org/admin-guide/sysctl/vm.html#drop-caches */
export const DROP_CACHES = '/proc/sys/vm/drop_caches';

export function procPageCache(path = DROP_CACHES): PageCache {
  return {
    path,
    cannotDrop() {
      try {
        // EACCES for a non-root user, EROFS where /proc/sys is mounted read-only (a container).
        accessSync(path, constants.W_OK);
        return undefined;
      } catch (e: unknown) {
        const uid = typeof process.getuid === 'function' ? `, uid ${process.getuid()}` : '';
        return `${path} is not writable here (${(e as NodeJS.ErrnoException).code ?? String(e)}${uid})`;
      }
    },
    async drop() {
      await promisify(execFile)('sync');
      await writeFile(path, '3');
    },
  };
}
