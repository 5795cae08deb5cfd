// Local images and pulls, the one place their daemon calls are made. Never pulls on its own:
// `pull` is asked for by name (cold starts only).
import type Docker from 'dockerode';
import type { Readable } from 'node:stream';
import { statusOf } from './client.ts';

export type ImageInfo = Docker.ImageInspectInfo;

export class Images {
  private readonly docker: Docker;
  constructor(docker: Docker) {
    this.docker = docker;
  }

  /** The image's facts, or undefined when the daemon has no such image (404). */
  async inspect(ref: string): Promise<ImageInfo | undefined> {
    try {
      return await this.docker.getImage(ref).inspect();
    } catch (e: unknown) {
      if (statusOf(e) === 404) return undefined;
      throw e;
    }
  }

  /** The layers' step images, newest first. */
  async history(ref: string): Promise<{ Id?: string }[]> {
    return (await this.docker.getImage(ref).history()) as { Id?: string }[];
  }

  /** `force` removes every tag of it; `noprune` leaves its untagged parents. */
  async remove(ref: string, opts: { force?: boolean; noprune?: boolean }): Promise<void> {
    await this.docker.getImage(ref).remove(opts);
  }

  async tag(ref: string, repo: string, tag: string): Promise<void> {
    await this.docker.getImage(ref).tag({ repo, tag });
  }

  /** The registry's manifest descriptor for `ref`, asked through the daemon (no pull). */
  async registryDigest(ref: string, auth: object | undefined): Promise<string> {
    const d = (await this.docker.getImage(ref).distribution({ authconfig: auth } as never)) as unknown as { Descriptor?: { digest?: string } };
    return d.Descriptor?.digest ?? '';
  }

  /** Starts a pull; the engine's JSON progress stream, whose items carry its errors. */
  async pull(opts: { fromImage: string; tag: string }, auth: object | undefined): Promise<Readable> {
    return (await (auth ? this.docker.createImage(auth, opts) : this.docker.createImage(opts))) as unknown as Readable;
  }
}
