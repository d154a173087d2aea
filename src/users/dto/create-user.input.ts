import { Field, InputType, OmitType, PartialType } from '@nestjs/graphql';
import { IsBoolean, IsEmail, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { RequiredText } from '../../common/validation/input-decorators.js';
import { MIN_PASSWORD_LENGTH } from '../../auth/passwords.js';

@InputType()
export class CreateUserInput {
  @Field()
  @IsEmail({}, { message: 'must be an email address' })
  @MaxLength(254)
  email: string;

  @Field()
  @RequiredText(200)
  name: string;

  @Field({ description: `At least ${MIN_PASSWORD_LENGTH} characters.` })
  @IsString()
  @MinLength(MIN_PASSWORD_LENGTH)
  @MaxLength(200)
  password: string;

  @Field(() => Boolean, { nullable: true, defaultValue: false })
  @IsOptional()
  @IsBoolean()
  isAdmin?: boolean;
}

@InputType({ description: 'Only what is given changes. Admins only; not on oneself for isAdmin and disabled.' })
export class UpdateUserInput extends PartialType(OmitType(CreateUserInput, ['email', 'isAdmin'] as const)) {
  // Declared again: the create input's default (false) would otherwise demote anyone renamed.
  @Field(() => Boolean, { nullable: true })
  @IsOptional()
  @IsBoolean()
  isAdmin?: boolean | null;

  @Field(() => Boolean, { nullable: true, description: 'A disabled user cannot sign in; their tokens stop working at once.' })
  @IsOptional()
  @IsBoolean()
  disabled?: boolean | null;
}
