import { renderParts, type DesiredState, type GitopsFiles } from '@platform/gitops';

/**
 * `renderDesiredState`, byte for byte, for replaying a long history: a Space's folder depends
 * only on the Space, its release and the settings, so it is rendered again only when one of
 * those changed since an earlier commit. Central, the PoPs and `argocd/` are rendered every time.
 */
export function cachedRenderer(): (state: DesiredState) => GitopsFiles {
  const spaces = new Map<string, Map<string, string>>();
  return (state) => {
    const files = renderParts(state, {
      central: true,
      pops: [...state.pops.keys()],
      argocd: true,
    });
    const settings = JSON.stringify(state.settings);
    for (const [name, space] of state.spaces) {
      const key = JSON.stringify([space, state.releases.get(space.spec.release), settings]);
      let rendered = spaces.get(key);
      if (rendered === undefined) {
        rendered = renderParts(state, { spaces: [name] });
        spaces.set(key, rendered);
      }
      for (const [path, text] of rendered) files.set(path, text);
    }
    return files;
  };
}
