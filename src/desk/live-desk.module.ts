import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { DatabaseModule } from '../database/database.module.js';
import { DeskFeed } from './desk-feed.js';
import { LiveSockets } from './live-sockets.js';
import { LiveTransport } from './live-transport.js';

/** The connections of the live desk on this instance: the WebSocket transport's options for Mercurius, the feed of changes heard, the sockets by user. */
@Module({
  imports: [DatabaseModule, AuthModule],
  providers: [DeskFeed, LiveSockets, LiveTransport],
  exports: [DeskFeed, LiveSockets, LiveTransport],
})
export class LiveDeskModule {}
