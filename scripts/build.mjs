// Builds dist/ from tsdown.config.ts through tsdown's API: the same build as the `tsdown`
// command, without the command's start-up notice about Node versions (noise on every build).
import { build } from 'tsdown';

await build({ logLevel: 'warn' });
