import { Args, Context, ID, Info, Mutation, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { GraphQLUpload, type FileUpload } from 'graphql-upload-minimal';
import { ParseIdPipe } from '../common/validation/parse-id.pipe.js';
import type { GraphQLContext } from '../graphql/graphql-context.js';
import { pageComplexity } from '../graphql/query-cost.js';
import { Publication } from '../publications/models/publication.model.js';
import { ImageInput, ImageLibraryArgs, ImageSrcsetArgs, ImageUrlArgs } from './dto/image.inputs.js';
import { ImagesService } from './images.service.js';
import { FocalPoint, Image, ImageConnection } from './models/image.model.js';
import { PictureUrls } from './picture-urls.js';

/** Images: their rendition URLs, and the photo desk's mutations. */
@Resolver(() => Image)
export class ImagesResolver {
  constructor(
    private readonly images: ImagesService,
    private readonly urls: PictureUrls,
  ) {}

  @ResolveField(() => String, { description: 'A rendition: the ladder width nearest `width`, cropped to `ratio` around the focal point.' })
  url(@Parent() image: Image, @Args() { width, ratio, format }: ImageUrlArgs): string {
    return this.urls.url(image, width, ratio, format);
  }

  @ResolveField(() => String, { description: 'Every ladder width the original fills, as an <img srcset>.' })
  srcset(@Parent() image: Image, @Args() { ratio, format }: ImageSrcsetArgs): string {
    return this.urls.srcset(image, ratio, format);
  }

  @ResolveField(() => FocalPoint)
  focalPoint(@Parent() image: Image): FocalPoint {
    return { x: image.focalX, y: image.focalY };
  }

  @Mutation(() => Image, {
    description:
      'Uploads a picture (GraphQL multipart request): JPEG, PNG, WebP, AVIF or GIF, sniffed from the bytes; location and owner metadata removed; an embedded caption and credit fill the empty fields. Members of the publication.',
  })
  async uploadImage(
    @Args('publicationId', { type: () => ID }, ParseIdPipe) publicationId: string,
    @Args('file', { type: () => GraphQLUpload }) file: Promise<FileUpload>,
    @Args('input', { type: () => ImageInput, nullable: true }) input: ImageInput | null,
    @Context() { auth }: GraphQLContext,
  ): Promise<Image> {
    return this.images.upload(await auth.require(), publicationId, file, input);
  }

  @Mutation(() => Image, { description: 'Editors; the uploader too while no story uses it. A new focal point gives new rendition URLs.' })
  async updateImage(
    @Args('id', { type: () => ID }, ParseIdPipe) id: string,
    @Args('input') input: ImageInput,
    @Context() { auth }: GraphQLContext,
  ): Promise<Image> {
    return this.images.update(await auth.require(), id, input);
  }

  @Mutation(() => Boolean, { description: 'Editors; the uploader too while no story uses it. CONFLICT while a published or scheduled story shows it.' })
  async deleteImage(@Args('id', { type: () => ID }, ParseIdPipe) id: string, @Context() { auth }: GraphQLContext): Promise<boolean> {
    return this.images.delete(await auth.require(), id);
  }
}

@Resolver(() => Publication)
export class PublicationImagesResolver {
  constructor(private readonly photoDesk: ImagesService) {}

  @ResolveField(() => ImageConnection, {
    description: "The publication's picture library, newest first. Staff of the publication only.",
    complexity: pageComplexity,
  })
  async images(
    @Parent() publication: Publication,
    @Args() args: ImageLibraryArgs,
    @Context() { auth, budget }: GraphQLContext,
    @Info() info: GraphQLResolveInfo,
  ) {
    return budget.connection(await this.photoDesk.library(await auth.require(), publication.id, args), info);
  }
}
