// The post step's entry (action.yml `post`): its own file, so no saved flag is needed to tell
// the two steps apart on runners without GITHUB_STATE.
import { post } from './post.ts';

await post();
