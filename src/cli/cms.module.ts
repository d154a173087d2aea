import { Module, type DynamicModule } from '@nestjs/common';
import { AppOptionsModule, type AppOptions } from '../config/app-options.js';
import { SyndicationModule } from '../syndication/syndication.module.js';

/** What the command line needs of the API: its options and the modules of its commands, without HTTP or GraphQL. */
@Module({})
export class CmsModule {
  static forRoot(options: AppOptions): DynamicModule {
    return { module: CmsModule, imports: [AppOptionsModule.forRoot(options), SyndicationModule] };
  }
}
