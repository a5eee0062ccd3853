/** Folders of a gitops tree that only the renderer writes; the checker compares them to a fresh render. */
export const GENERATED_FOLDERS = ['rendered', 'argocd'] as const;
