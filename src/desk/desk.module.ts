import { Module } from '@nestjs/common';
import { ArticlesModule } from '../articles/articles.module.js';
import { AuthModule } from '../auth/auth.module.js';
import { PublicationsModule } from '../publications/publications.module.js';
import { DeskResolver } from './desk.resolver.js';
import { DeskService } from './desk.service.js';
import { LiveDeskModule } from './live-desk.module.js';

/** The live desk: `deskChanged`, what each write announces (DeskAnnouncerModule) as every instance hears it. */
@Module({
  imports: [LiveDeskModule, ArticlesModule, AuthModule, PublicationsModule],
  providers: [DeskService, DeskResolver],
})
export class DeskModule {}
