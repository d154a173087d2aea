import { UseFilters } from '@nestjs/common';
import { Args, Context, Resolver, Subscription } from '@nestjs/graphql';
import type { Readable } from 'node:stream';
import { DeskFeed, deskTopic, type Interruption } from './desk-feed.js';
import type { ArticleChanged } from './desk-notice.js';
import { DeskService } from './desk.service.js';
import { DeskChangedArgs } from './dto/desk-changed.args.js';
import { LiveDeskInterrupted, LiveErrorFilter, liveError } from './live-errors.js';
import { LiveSockets, OPEN } from './live-sockets.js';
import { freshEventContext, type LiveContext } from './live-transport.js';
import { DeskChange } from './models/desk-change.model.js';

const INTERRUPTED: Record<Interruption, string> = {
  behind: 'This subscription fell behind the changes of the desk: subscribe again, and reload the desk',
  lost: 'The live desk stopped hearing changes for a moment: subscribe again, and reload the desk',
};

@Resolver(() => DeskChange)
@UseFilters(LiveErrorFilter)
export class DeskResolver {
  constructor(
    private readonly desk: DeskService,
    private readonly feed: DeskFeed,
    private readonly sockets: LiveSockets,
  ) {}

  @Subscription(() => DeskChange, {
    description:
      'Each new article, content save and workflow move on the desk of the publication that the viewer may see, as it happens (over WebSocket, graphql-ws). Staff of the publication only.',
    resolve: (change: DeskChange) => change,
  })
  async deskChanged(@Args() { publication }: DeskChangedArgs, @Context() context: LiveContext): Promise<AsyncIterable<DeskChange>> {
    const { viewer, publicationId } = await this.desk.watch(context.liveAuthorization, publication);
    const queue = await context.pubsub.subscribe(deskTopic(publicationId));
    // Closed meanwhile, the connection has let go of its subscriptions already: so does the feed.
    if (context.socket.readyState !== OPEN) this.feed.release(queue);
    else this.sockets.add(viewer.id, context.socket);
    return this.changes(context, publicationId, queue);
  }

  private async *changes(context: LiveContext, publicationId: string, queue: Readable): AsyncGenerator<DeskChange> {
    try {
      // Left early (an error, the client gone), the queue is only let go of: destroying it, as
      // for-await would, makes it emit an error that Mercurius logs.
      for await (const item of queue.iterator({ destroyOnReturn: false }) as AsyncIterable<ArticleChanged>) {
        const interrupted = this.feed.interruption(queue);
        if (interrupted) throw new LiveDeskInterrupted(INTERRUPTED[interrupted]);
        const viewer = await this.desk.watcher(context.liveAuthorization, publicationId);
        freshEventContext(context, viewer);
        const change = await this.desk.seen(viewer, item, context.loaders);
        if (change) yield change;
      }
    } catch (error) {
      throw liveError(error, context.request);
    } finally {
      this.feed.release(queue);
    }
  }
}
