import { ObjectType } from '@nestjs/graphql';
import { ConnectionType } from '../../common/pagination/connection.js';
import { Article } from './article.model.js';

@ObjectType()
export class ArticleConnection extends ConnectionType(Article) {}
