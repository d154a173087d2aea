// Generated from src/schema.gql and test/contract by `npm run codegen`; do not edit.
/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
/** An image of the article's publication, as this article uses it. */
export type ArticleImageInput = {
  /** This use's own caption (else the image's). */
  caption?: string | null | undefined;
  /** This use's own credit (else the image's). */
  credit?: string | null | undefined;
  imageId: string | number;
};

/** Where an article stands in the workflow. */
export type ArticleStatus =
  | 'APPROVED'
  | 'DRAFT'
  | 'EDITED'
  | 'PRINTED'
  | 'PUBLISHED'
  | 'RETRACTED'
  | 'SCHEDULED'
  | 'SPIKED'
  | 'SUBMITTED';

export type CreateArticleInput = {
  /** The byline, in order. */
  authorIds: Array<string | number>;
  authorNote?: string | null | undefined;
  /** HTML; sanitised against the allow-list. */
  bodyHtml?: string | null | undefined;
  headline: string;
  /** The picture at the head of the story (an image of its publication); null removes it. */
  leadImage?: ArticleImageInput | null | undefined;
  publicationId: string | number;
  sectionId: string | number;
  /** Made from the headline when a new article has none; a changed slug keeps the old one resolving. */
  slug?: string | null | undefined;
  standfirst?: string | null | undefined;
  tags?: Array<string> | null | undefined;
};

export type CreateAuthorInput = {
  bio?: string | null | undefined;
  /** Never shown to the public. */
  email?: string | null | undefined;
  name: string;
  /** Made from the name when a new one has none. */
  slug?: string | null | undefined;
  /** The staff user who writes as this author. */
  userId?: string | number | null | undefined;
};

export type CreatePrintEditionInput = {
  /** The day of the paper, in the publication's time zone. */
  date: string;
  /** e.g. "Daily", "City". */
  name?: string | null | undefined;
  publicationId: string | number;
};

export type CreatePublicationInput = {
  /** A language tag; en when left out. */
  locale?: string | null | undefined;
  masthead?: MastheadInput | null | undefined;
  name: string;
  slug: string;
  tagline?: string | null | undefined;
  timeZone: string;
  url?: string | null | undefined;
};

export type CreateSectionInput = {
  description?: string | null | undefined;
  name: string;
  /** The parent section; null for a top-level section. */
  parentId?: string | number | null | undefined;
  position?: number | null | undefined;
  publicationId: string | number;
  /** Made from the name when a new one has none. */
  slug?: string | null | undefined;
};

export type CreateUserInput = {
  email: string;
  isAdmin?: boolean | null | undefined;
  name: string;
  /** At least 10 characters. */
  password: string;
};

export type CreateWebhookInput = {
  active?: boolean | null | undefined;
  events: Array<WebhookEvent>;
  publicationId: string | number;
  /** An http(s) URL on the public internet (private addresses are refused unless WEBHOOKS_ALLOW_PRIVATE=true). */
  url: string;
};

export type DeliveryStatus =
  | 'DELIVERED'
  | 'FAILED'
  | 'PENDING';

/** How an article changed on the desk. */
export type DeskChangeKind =
  /** A new draft. */
  | 'CREATED'
  /** It moved through the workflow: by staff, the scheduler or printing. */
  | 'MOVED'
  /** Its content was saved (a new version). */
  | 'SAVED';

export type FocalPointInput = {
  /** 0 (left) to 1 (right). */
  x: number;
  /** 0 (top) to 1 (bottom). */
  y: number;
};

/** Only what is given changes; an empty text clears it. */
export type ImageInput = {
  alt?: string | null | undefined;
  caption?: string | null | undefined;
  credit?: string | null | undefined;
  focalPoint?: FocalPointInput | null | undefined;
};

export type MastheadInput = {
  copyright?: string | null | undefined;
  editor?: string | null | undefined;
  /** Replaces the offices, in order. */
  offices?: Array<OfficeInput> | null | undefined;
  printer?: string | null | undefined;
  publisher?: string | null | undefined;
};

export type OfficeInput = {
  address: string;
  label: string;
};

export type PlaceArticleInput = {
  articleId: string | number;
  editionId: string | number;
  /** From 1. Placing a placed article again moves it to this page. */
  page: number;
};

export type PrintEditionStatus =
  | 'PLANNING'
  | 'PRINTED';

/** A staff member's role in one publication. */
export type StaffRole =
  | 'CONTRIBUTOR'
  | 'COPY_EDITOR'
  | 'EDITOR'
  | 'PRODUCTION';

export type TransitionArticleInput = {
  /** Required to return, spike and retract (the public reason). */
  comment?: string | null | undefined;
  id: string | number;
  /** When to publish; required to schedule, in the future. */
  publishAt?: string | null | undefined;
  to: ArticleStatus;
  /** The version the move is based on; a stale one is CONFLICT. */
  version?: number | null | undefined;
};

/** Only what is given changes. */
export type UpdateArticleInput = {
  /** The byline, in order. */
  authorIds?: Array<string | number> | null | undefined;
  authorNote?: string | null | undefined;
  /** HTML; sanitised against the allow-list. */
  bodyHtml?: string | null | undefined;
  headline?: string | null | undefined;
  /** The picture at the head of the story (an image of its publication); null removes it. */
  leadImage?: ArticleImageInput | null | undefined;
  sectionId?: string | number | null | undefined;
  /** A new slug; the old one keeps resolving. */
  slug?: string | null | undefined;
  standfirst?: string | null | undefined;
  tags?: Array<string> | null | undefined;
};

/** Only what is given changes; null clears bio, email or userId. */
export type UpdateAuthorInput = {
  bio?: string | null | undefined;
  /** Never shown to the public. */
  email?: string | null | undefined;
  name?: string | null | undefined;
  /** A new slug. */
  slug?: string | null | undefined;
  /** The staff user who writes as this author. */
  userId?: string | number | null | undefined;
};

/** Only what is given changes. */
export type UpdatePublicationInput = {
  /** A language tag; en when left out. */
  locale?: string | null | undefined;
  /** Fields given replace those of the masthead. */
  masthead?: MastheadInput | null | undefined;
  name?: string | null | undefined;
  slug?: string | null | undefined;
  tagline?: string | null | undefined;
  timeZone?: string | null | undefined;
  url?: string | null | undefined;
};

/** Only what is given changes; parentId null makes it a top-level section. */
export type UpdateSectionInput = {
  description?: string | null | undefined;
  name?: string | null | undefined;
  /** The parent section; null for a top-level section. */
  parentId?: string | number | null | undefined;
  position?: number | null | undefined;
  /** A new slug. */
  slug?: string | null | undefined;
};

/** Only what is given changes. */
export type UpdateWebhookInput = {
  active?: boolean | null | undefined;
  events?: Array<WebhookEvent> | null | undefined;
  url?: string | null | undefined;
};

/** What a webhook is told of; payloads name it in dotted lower case (`article.published`). */
export type WebhookEvent =
  /** A story went to press in an edition. */
  | 'ARTICLE_PRINTED'
  /** A story went online (published, on schedule or again after a retraction). */
  | 'ARTICLE_PUBLISHED'
  /** A live story was retracted. */
  | 'ARTICLE_UNPUBLISHED'
  /** A live story was edited or corrected. */
  | 'ARTICLE_UPDATED'
  /** An author's profile changed (authors write for every publication). */
  | 'AUTHOR_UPDATED'
  /** A print edition was marked printed. */
  | 'EDITION_PRINTED'
  /** A section was renamed, moved or re-slugged. */
  | 'SECTION_UPDATED';

export type ArticleCardFragment = { id: string, slug: string, headline: string, standfirst: string | null, publishedAt: string | null, section: { slug: string, name: string }, authors: Array<{ slug: string, name: string }> };

export type PublicationQueryVariables = Exact<{
  publication: string;
}>;


export type PublicationQuery = { publication: { id: string, slug: string, name: string, tagline: string | null, url: string | null, timeZone: string, masthead: { editor: string | null, publisher: string | null, printer: string | null, copyright: string | null, offices: Array<{ label: string, address: string }> }, sections: Array<{ id: string, slug: string, name: string, description: string | null, parent: { slug: string } | null, children: Array<{ slug: string, name: string }> }> } | null };

export type FrontPageQueryVariables = Exact<{
  publication: string;
  section?: string | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type FrontPageQuery = { publication: { articles: { edges: Array<{ cursor: string, node: { id: string, slug: string, headline: string, standfirst: string | null, publishedAt: string | null, section: { slug: string, name: string }, authors: Array<{ slug: string, name: string }> } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } } | null };

export type ArticlePageQueryVariables = Exact<{
  publication: string;
  slug: string;
}>;


export type ArticlePageQuery = { publication: { article: { slug: string, canonicalSlug: string, status: ArticleStatus, bodyHtml: string | null, bodyText: string | null, wordCount: number | null, authorNote: string | null, tags: Array<string>, updatedAt: string, id: string, headline: string, standfirst: string | null, publishedAt: string | null, authors: Array<{ bio: string | null, slug: string, name: string }>, corrections: Array<{ text: string, createdAt: string }>, retraction: { reason: string, retractedAt: string } | null, printAppearance: Array<{ page: number, edition: { date: string, name: string } }>, related: Array<{ id: string, slug: string, headline: string, standfirst: string | null, publishedAt: string | null, section: { slug: string, name: string }, authors: Array<{ slug: string, name: string }> }>, section: { slug: string, name: string } } | null } | null };

export type AuthorPageQueryVariables = Exact<{
  publication: string;
  slug: string;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type AuthorPageQuery = { publication: { author: { slug: string, name: string, bio: string | null, articles: { edges: Array<{ node: { id: string, slug: string, headline: string, standfirst: string | null, publishedAt: string | null, section: { slug: string, name: string }, authors: Array<{ slug: string, name: string }> } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } } | null } | null };

export type TagPageQueryVariables = Exact<{
  publication: string;
  tag: string;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type TagPageQuery = { publication: { articles: { edges: Array<{ node: { id: string, slug: string, headline: string, standfirst: string | null, publishedAt: string | null, section: { slug: string, name: string }, authors: Array<{ slug: string, name: string }> } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } } | null };

export type SearchQueryVariables = Exact<{
  publication: string;
  query: string;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type SearchQuery = { publication: { search: { edges: Array<{ node: { id: string, slug: string, headline: string, standfirst: string | null, publishedAt: string | null, section: { slug: string, name: string }, authors: Array<{ slug: string, name: string }> } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } } | null };

export type TodaysPaperQueryVariables = Exact<{
  publication: string;
  date: string;
}>;


export type TodaysPaperQuery = { publication: { printEdition: { date: string, name: string, pages: Array<{ number: number, articles: Array<{ id: string, slug: string, headline: string, standfirst: string | null, publishedAt: string | null, section: { slug: string, name: string }, authors: Array<{ slug: string, name: string }> }> }> } | null } | null };

export type LoginMutationVariables = Exact<{
  email: string;
  password: string;
}>;


export type LoginMutation = { login: { token: string, expiresAt: string, user: { id: string, email: string, name: string } } };

export type MeQueryVariables = Exact<{ [key: string]: never; }>;


export type MeQuery = { me: { id: string, email: string, name: string, isAdmin: boolean, memberships: Array<{ role: StaffRole, publication: { id: string, slug: string } }> } };

export type CreatePublicationMutationVariables = Exact<{
  input: CreatePublicationInput;
}>;


export type CreatePublicationMutation = { createPublication: { id: string, slug: string } };

export type UpdatePublicationMutationVariables = Exact<{
  id: string | number;
  input: UpdatePublicationInput;
}>;


export type UpdatePublicationMutation = { updatePublication: { id: string, name: string } };

export type CreateUserMutationVariables = Exact<{
  input: CreateUserInput;
}>;


export type CreateUserMutation = { createUser: { id: string, email: string } };

export type SetMembershipMutationVariables = Exact<{
  userId: string | number;
  publicationId: string | number;
  role?: StaffRole | null | undefined;
}>;


export type SetMembershipMutation = { setMembership: { id: string, memberships: Array<{ role: StaffRole, publication: { slug: string } }> } };

export type CreateSectionMutationVariables = Exact<{
  input: CreateSectionInput;
}>;


export type CreateSectionMutation = { createSection: { id: string, slug: string } };

export type UpdateSectionMutationVariables = Exact<{
  id: string | number;
  input: UpdateSectionInput;
}>;


export type UpdateSectionMutation = { updateSection: { id: string, slug: string, name: string } };

export type CreateAuthorMutationVariables = Exact<{
  input: CreateAuthorInput;
}>;


export type CreateAuthorMutation = { createAuthor: { id: string, slug: string } };

export type UpdateAuthorMutationVariables = Exact<{
  id: string | number;
  input: UpdateAuthorInput;
}>;


export type UpdateAuthorMutation = { updateAuthor: { id: string, name: string, bio: string | null } };

export type CreateArticleMutationVariables = Exact<{
  input: CreateArticleInput;
}>;


export type CreateArticleMutation = { createArticle: { id: string, slug: string, status: ArticleStatus, version: number } };

export type UpdateArticleMutationVariables = Exact<{
  id: string | number;
  version: number;
  input: UpdateArticleInput;
}>;


export type UpdateArticleMutation = { updateArticle: { id: string, slug: string, version: number, updatedAt: string } };

export type TransitionArticleMutationVariables = Exact<{
  input: TransitionArticleInput;
}>;


export type TransitionArticleMutation = { transitionArticle: { id: string, status: ArticleStatus, version: number, publishedAt: string | null, availableTransitions: Array<ArticleStatus> } };

export type AddCorrectionMutationVariables = Exact<{
  articleId: string | number;
  text: string;
}>;


export type AddCorrectionMutation = { addCorrection: { id: string, corrections: Array<{ text: string, createdAt: string }> } };

export type CreatePrintEditionMutationVariables = Exact<{
  input: CreatePrintEditionInput;
}>;


export type CreatePrintEditionMutation = { createPrintEdition: { id: string, date: string, name: string, status: PrintEditionStatus } };

export type PlaceArticleMutationVariables = Exact<{
  input: PlaceArticleInput;
}>;


export type PlaceArticleMutation = { placeArticle: { id: string, pages: Array<{ number: number, articles: Array<{ id: string }> }> } };

export type UnplaceArticleMutationVariables = Exact<{
  editionId: string | number;
  articleId: string | number;
}>;


export type UnplaceArticleMutation = { unplaceArticle: { id: string } };

export type MarkEditionPrintedMutationVariables = Exact<{
  editionId: string | number;
}>;


export type MarkEditionPrintedMutation = { markEditionPrinted: { id: string, status: PrintEditionStatus, pages: Array<{ number: number, articles: Array<{ id: string, status: ArticleStatus }> }> } };

export type DeskQueryVariables = Exact<{
  publication: string;
  status?: Array<ArticleStatus> | ArticleStatus | null | undefined;
  section?: string | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type DeskQuery = { publication: { desk: { edges: Array<{ cursor: string, node: { id: string, slug: string, headline: string, status: ArticleStatus, version: number, updatedAt: string, availableTransitions: Array<ArticleStatus>, authors: Array<{ name: string }> } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } } | null };

export type ArticleForEditQueryVariables = Exact<{
  id: string | number;
}>;


export type ArticleForEditQuery = { article: { id: string, slug: string, headline: string, standfirst: string | null, bodyHtml: string | null, authorNote: string | null, tags: Array<string>, status: ArticleStatus, version: number, scheduledFor: string | null, availableTransitions: Array<ArticleStatus>, section: { id: string, slug: string }, authors: Array<{ id: string, name: string, email: string | null }>, history: Array<{ from: ArticleStatus | null, to: ArticleStatus, comment: string | null, at: string, actor: { id: string, name: string } | null }>, revisions: Array<{ version: number, headline: string, createdAt: string, by: { id: string, name: string } | null }> } };

export type PictureFragment = { caption: string | null, credit: string | null, image: { id: string, width: number, height: number, alt: string | null, url: string, srcset: string, focalPoint: { x: number, y: number } } };

export type PictureFrontPageQueryVariables = Exact<{
  publication: string;
  section?: string | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type PictureFrontPageQuery = { publication: { articles: { edges: Array<{ node: { slug: string, headline: string, leadImage: { caption: string | null, credit: string | null, image: { id: string, width: number, height: number, alt: string | null, url: string, srcset: string, focalPoint: { x: number, y: number } } } | null } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } } | null };

export type ArticlePicturesQueryVariables = Exact<{
  publication: string;
  slug: string;
}>;


export type ArticlePicturesQuery = { publication: { article: { slug: string, bodyHtml: string | null, leadImage: { caption: string | null, credit: string | null, image: { id: string, width: number, height: number, alt: string | null, url: string, srcset: string, focalPoint: { x: number, y: number } } } | null, images: Array<{ caption: string | null, credit: string | null, image: { id: string, width: number, height: number, alt: string | null, url: string, srcset: string, focalPoint: { x: number, y: number } } }> } | null } | null };

export type UploadImageMutationVariables = Exact<{
  publicationId: string | number;
  file: unknown;
  input?: ImageInput | null | undefined;
}>;


export type UploadImageMutation = { uploadImage: { id: string, width: number, height: number, mimeType: string, bytes: number, alt: string | null, caption: string | null, credit: string | null, url: string, focalPoint: { x: number, y: number } } };

export type UpdateImageMutationVariables = Exact<{
  id: string | number;
  input: ImageInput;
}>;


export type UpdateImageMutation = { updateImage: { id: string, alt: string | null, caption: string | null, credit: string | null, focalPoint: { x: number, y: number } } };

export type DeleteImageMutationVariables = Exact<{
  id: string | number;
}>;


export type DeleteImageMutation = { deleteImage: boolean };

export type MediaLibraryQueryVariables = Exact<{
  publication: string;
  query?: string | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type MediaLibraryQuery = { publication: { images: { edges: Array<{ cursor: string, node: { id: string, width: number, height: number, caption: string | null, credit: string | null, createdAt: string, url: string } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } } | null };

export type SetLeadImageMutationVariables = Exact<{
  id: string | number;
  version: number;
  leadImage?: ArticleImageInput | null | undefined;
}>;


export type SetLeadImageMutation = { updateArticle: { id: string, version: number, leadImage: { caption: string | null, credit: string | null, image: { id: string } } | null } };

export type CreatePreviewLinkMutationVariables = Exact<{
  articleId: string | number;
}>;


export type CreatePreviewLinkMutation = { createPreviewLink: { token: string, expiresAt: string } };

export type PreviewArticleQueryVariables = Exact<{
  publication: string;
  slug: string;
  preview: string;
}>;


export type PreviewArticleQuery = { publication: { article: { id: string, slug: string, headline: string, standfirst: string | null, status: ArticleStatus, bodyHtml: string | null, publishedAt: string | null, authors: Array<{ name: string }> } | null } | null };

export type CreateWebhookMutationVariables = Exact<{
  input: CreateWebhookInput;
}>;


export type CreateWebhookMutation = { createWebhook: { secret: string, webhook: { id: string, url: string, events: Array<WebhookEvent>, active: boolean } } };

export type UpdateWebhookMutationVariables = Exact<{
  id: string | number;
  input: UpdateWebhookInput;
}>;


export type UpdateWebhookMutation = { updateWebhook: { id: string, url: string, events: Array<WebhookEvent>, active: boolean } };

export type WebhookDeliveriesQueryVariables = Exact<{
  publication: string;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type WebhookDeliveriesQuery = { publication: { webhooks: Array<{ id: string, url: string, deliveries: { edges: Array<{ node: { id: string, event: WebhookEvent, status: DeliveryStatus, attempts: number, lastResponseCode: number | null, nextAttemptAt: string | null, createdAt: string } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } }> } | null };

export type RedeliverWebhookMutationVariables = Exact<{
  deliveryId: string | number;
}>;


export type RedeliverWebhookMutation = { redeliverWebhook: { id: string, status: DeliveryStatus } };

export type DeskChangedSubscriptionVariables = Exact<{
  publication: string;
}>;


export type DeskChangedSubscription = { deskChanged: { kind: DeskChangeKind, at: string, article: { id: string, headline: string, status: ArticleStatus, version: number } } };

export interface ContractOperations {
  Publication: { result: PublicationQuery; variables: PublicationQueryVariables };
  FrontPage: { result: FrontPageQuery; variables: FrontPageQueryVariables };
  ArticlePage: { result: ArticlePageQuery; variables: ArticlePageQueryVariables };
  AuthorPage: { result: AuthorPageQuery; variables: AuthorPageQueryVariables };
  TagPage: { result: TagPageQuery; variables: TagPageQueryVariables };
  Search: { result: SearchQuery; variables: SearchQueryVariables };
  TodaysPaper: { result: TodaysPaperQuery; variables: TodaysPaperQueryVariables };
  Login: { result: LoginMutation; variables: LoginMutationVariables };
  Me: { result: MeQuery; variables: MeQueryVariables };
  CreatePublication: { result: CreatePublicationMutation; variables: CreatePublicationMutationVariables };
  UpdatePublication: { result: UpdatePublicationMutation; variables: UpdatePublicationMutationVariables };
  CreateUser: { result: CreateUserMutation; variables: CreateUserMutationVariables };
  SetMembership: { result: SetMembershipMutation; variables: SetMembershipMutationVariables };
  CreateSection: { result: CreateSectionMutation; variables: CreateSectionMutationVariables };
  UpdateSection: { result: UpdateSectionMutation; variables: UpdateSectionMutationVariables };
  CreateAuthor: { result: CreateAuthorMutation; variables: CreateAuthorMutationVariables };
  UpdateAuthor: { result: UpdateAuthorMutation; variables: UpdateAuthorMutationVariables };
  CreateArticle: { result: CreateArticleMutation; variables: CreateArticleMutationVariables };
  UpdateArticle: { result: UpdateArticleMutation; variables: UpdateArticleMutationVariables };
  TransitionArticle: { result: TransitionArticleMutation; variables: TransitionArticleMutationVariables };
  AddCorrection: { result: AddCorrectionMutation; variables: AddCorrectionMutationVariables };
  CreatePrintEdition: { result: CreatePrintEditionMutation; variables: CreatePrintEditionMutationVariables };
  PlaceArticle: { result: PlaceArticleMutation; variables: PlaceArticleMutationVariables };
  UnplaceArticle: { result: UnplaceArticleMutation; variables: UnplaceArticleMutationVariables };
  MarkEditionPrinted: { result: MarkEditionPrintedMutation; variables: MarkEditionPrintedMutationVariables };
  Desk: { result: DeskQuery; variables: DeskQueryVariables };
  ArticleForEdit: { result: ArticleForEditQuery; variables: ArticleForEditQueryVariables };
  PictureFrontPage: { result: PictureFrontPageQuery; variables: PictureFrontPageQueryVariables };
  ArticlePictures: { result: ArticlePicturesQuery; variables: ArticlePicturesQueryVariables };
  UploadImage: { result: UploadImageMutation; variables: UploadImageMutationVariables };
  UpdateImage: { result: UpdateImageMutation; variables: UpdateImageMutationVariables };
  DeleteImage: { result: DeleteImageMutation; variables: DeleteImageMutationVariables };
  MediaLibrary: { result: MediaLibraryQuery; variables: MediaLibraryQueryVariables };
  SetLeadImage: { result: SetLeadImageMutation; variables: SetLeadImageMutationVariables };
  CreatePreviewLink: { result: CreatePreviewLinkMutation; variables: CreatePreviewLinkMutationVariables };
  PreviewArticle: { result: PreviewArticleQuery; variables: PreviewArticleQueryVariables };
  CreateWebhook: { result: CreateWebhookMutation; variables: CreateWebhookMutationVariables };
  UpdateWebhook: { result: UpdateWebhookMutation; variables: UpdateWebhookMutationVariables };
  WebhookDeliveries: { result: WebhookDeliveriesQuery; variables: WebhookDeliveriesQueryVariables };
  RedeliverWebhook: { result: RedeliverWebhookMutation; variables: RedeliverWebhookMutationVariables };
  DeskChanged: { result: DeskChangedSubscription; variables: DeskChangedSubscriptionVariables };
}
