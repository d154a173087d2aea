import { applyDecorators } from '@nestjs/common';
import { IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { UUID_PATTERN } from './uuid.js';
import { SLUG_PATTERN } from '../slug.js';

/** Text that must say something: not empty, not only spaces, at most `max` characters. */
export const RequiredText = (max: number) => applyDecorators(IsString(), MinLength(1), Matches(/\S/, { message: 'must not be blank' }), MaxLength(max));

/** Text that may be left out or null. */
export const OptionalText = (max: number) => applyDecorators(IsOptional(), IsString(), MaxLength(max));

/** A slug given by hand: lower case ASCII words joined by single hyphens. */
export const OptionalSlug = () =>
  applyDecorators(IsOptional(), Matches(SLUG_PATTERN, { message: 'must be lower case letters, digits and single hyphens' }), MaxLength(80));

/** An id argument or field (ids are UUIDs). */
export const IsId = (options: { each?: boolean } = {}) =>
  Matches(UUID_PATTERN, { each: options.each, message: options.each ? 'must list ids' : 'is not an id' });
