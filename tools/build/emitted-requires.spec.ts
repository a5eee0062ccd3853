import { findUnresolvedRequires } from './emitted-requires';

describe(findUnresolvedRequires.name, () => {
  it('accepts relative requires of emitted files and folders with an index, and packages', () => {
    const emitted = new Map([
      [
        'apps/relay/src/main.js',
        'require("../../../libs/kit/src");\nrequire("./app/module");\nrequire("ioredis");',
      ],
      ['apps/relay/src/app/module.js', 'require("@nestjs/common");'],
      ['libs/kit/src/index.js', 'require("./lib/start.js");'],
      ['libs/kit/src/lib/start.js', ''],
    ]);

    expect(findUnresolvedRequires(emitted)).toEqual([]);
  });

  it('names a workspace alias that was left unrewritten', () => {
    const emitted = new Map([['apps/relay/src/main.js', 'const k = require("@platform/kit");']]);

    expect(findUnresolvedRequires(emitted)).toEqual([
      'apps/relay/src/main.js: require("@platform/kit"): the workspace alias was not rewritten',
    ]);
  });

  it('names a relative require of a file the build left out, such as test code', () => {
    const emitted = new Map([['apps/relay/src/main.js', 'require("../../../libs/testing/src");']]);

    expect(findUnresolvedRequires(emitted)).toEqual([
      'apps/relay/src/main.js: require("../../../libs/testing/src"): no such file in the build output',
    ]);
  });
});
