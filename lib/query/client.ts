import { QueryClient, isServer } from '@tanstack/react-query';

// One QueryClient per server request and one per browser tab (TanStack's advanced-SSR guide).
function makeQueryClient() {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // Data prefetched on the server stays fresh briefly so hydration does not refetch at once.
        staleTime: 5_000,
        retry: 1,
      },
    },
  });
}

let browserClient: QueryClient | undefined;

export function getQueryClient() {
  if (isServer) return makeQueryClient();
  browserClient ??= makeQueryClient();
  return browserClient;
}
