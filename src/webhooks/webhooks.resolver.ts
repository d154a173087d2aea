import { Args, Context, ID, Info, Mutation, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { PageArgs } from '../common/pagination/connection.js';
import { ParseIdPipe } from '../common/validation/parse-id.pipe.js';
import type { GraphQLContext } from '../graphql/graphql-context.js';
import { pageComplexity } from '../graphql/query-cost.js';
import { Publication } from '../publications/models/publication.model.js';
import { CreateWebhookInput, UpdateWebhookInput } from './dto/webhook.inputs.js';
import { CreatedWebhook, Webhook, WebhookDelivery, WebhookDeliveryConnection } from './models/webhook.model.js';
import { WebhooksService } from './webhooks.service.js';

@Resolver(() => Webhook)
export class WebhooksResolver {
  constructor(private readonly webhooks: WebhooksService) {}

  @Mutation(() => CreatedWebhook, { description: 'Admins. The signing secret is in the answer, and never again.' })
  async createWebhook(@Args('input') input: CreateWebhookInput, @Context() { auth }: GraphQLContext): Promise<CreatedWebhook> {
    return this.webhooks.create(await auth.require(), input);
  }

  @Mutation(() => Webhook, { description: 'Admins.' })
  async updateWebhook(
    @Args('id', { type: () => ID }, ParseIdPipe) id: string,
    @Args('input') input: UpdateWebhookInput,
    @Context() { auth }: GraphQLContext,
  ): Promise<Webhook> {
    return this.webhooks.update(await auth.require(), id, input);
  }

  @Mutation(() => Boolean, { description: 'Admins. Its deliveries go with it.' })
  async deleteWebhook(@Args('id', { type: () => ID }, ParseIdPipe) id: string, @Context() { auth }: GraphQLContext): Promise<boolean> {
    return this.webhooks.delete(await auth.require(), id);
  }

  @Mutation(() => WebhookDelivery, { description: 'Admins. Sends the delivery again now, with the same webhook-id.' })
  async redeliverWebhook(
    @Args('deliveryId', { type: () => ID }, ParseIdPipe) deliveryId: string,
    @Context() { auth }: GraphQLContext,
  ): Promise<WebhookDelivery> {
    return this.webhooks.redeliver(await auth.require(), deliveryId);
  }

  @ResolveField(() => WebhookDeliveryConnection, { description: 'Newest first.', complexity: pageComplexity })
  async deliveries(@Parent() webhook: Webhook, @Args() page: PageArgs, @Context() { auth, budget }: GraphQLContext, @Info() info: GraphQLResolveInfo) {
    return budget.connection(await this.webhooks.deliveries(await auth.require(), webhook, page.first, page.after), info);
  }
}

@Resolver(() => Publication)
export class PublicationWebhooksResolver {
  constructor(private readonly webhooksService: WebhooksService) {}

  @ResolveField(() => [Webhook], { description: "The publication's webhooks. Admins only." })
  async webhooks(@Parent() publication: Publication, @Context() { auth }: GraphQLContext): Promise<Webhook[]> {
    return this.webhooksService.ofPublication(await auth.require(), publication.id);
  }
}
