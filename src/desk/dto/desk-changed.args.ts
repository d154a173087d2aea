import { ArgsType, Field } from '@nestjs/graphql';
import { IsString, MaxLength } from 'class-validator';
import { MAX_SLUG_LENGTH } from '../../publications/dto/publication.args.js';

@ArgsType()
export class DeskChangedArgs {
  @Field({ description: "The publication's slug." })
  @IsString()
  @MaxLength(MAX_SLUG_LENGTH)
  publication: string;
}
