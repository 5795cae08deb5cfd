// Ready when the image's own HEALTHCHECK reports healthy: the daemon's event time.
import type { DockerEvent } from '../../docker/events.ts';
import { ListeningReadiness, type ImageShape } from './strategy.ts';

export class DockerHealthReadiness extends ListeningReadiness {
  // The event's time is the daemon's clock: the start adds the daemon offset.
  readonly daemonClock = true;

  override onEvent(event: DockerEvent, at: number): void {
    if (event.Action.startsWith('health_status: healthy')) this.first.mark(at);
  }

  describeWait(): string {
    return "the image's HEALTHCHECK never reported healthy";
  }

  override imageProblem(image: ImageShape): string | undefined {
    if (image.hasHealthcheck) return undefined;
    return `image ${image.reference} has no HEALTHCHECK; add one to its Dockerfile or use http:, tcp: or log:`;
  }
}
