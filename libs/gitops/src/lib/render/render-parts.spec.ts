import { renderDesiredState, renderParts, renderedSpaceFolder } from './render-desired-state';
import { aFleet } from './test-support';

describe(renderParts.name, () => {
  const state = aFleet({ pops: 3, spaces: 12 });
  const full = renderDesiredState(state);
  const [someSpace, otherSpace] = [...state.spaces.keys()];
  const [somePop] = [...state.pops.keys()];

  it('renders exactly the files of the whole render that belong to the named parts', () => {
    const parts = renderParts(state, { spaces: [someSpace], pops: [somePop], argocd: true });
    const expected = [...full].filter(
      ([path]) =>
        path.startsWith(renderedSpaceFolder(someSpace)) ||
        path.startsWith(`rendered/pops/${somePop}/`) ||
        path.startsWith('argocd/'),
    );
    expect([...parts].sort()).toEqual(expected.sort());
    expect([...parts.keys()].some((path) => path.startsWith(renderedSpaceFolder(otherSpace)))).toBe(
      false,
    );
  });

  it('skips names the state does not hold and renders nothing when no part is asked for', () => {
    expect(renderParts(state, { spaces: ['not-a-space'], pops: ['nowhere'] }).size).toBe(0);
    expect(renderParts(state, {}).size).toBe(0);
  });

  it('renders the whole tree when every part is named, the same as renderDesiredState', () => {
    const everything = renderParts(state, {
      central: true,
      pops: state.pops.keys(),
      spaces: state.spaces.keys(),
      argocd: true,
    });
    expect(everything).toEqual(full);
  });
});
