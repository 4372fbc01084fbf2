/** Detail page URLs: qualified ids contain ':' and may contain '/', so they are always encoded. */
export const detailHref = {
  vm: (id: string) => `/vms/${encodeURIComponent(id)}`,
  host: (id: string) => `/hosts/${encodeURIComponent(id)}`,
  dataCenter: (id: string) => `/datacenters/${encodeURIComponent(id)}`,
  cluster: (id: string) => `/clusters/${encodeURIComponent(id)}`,
  storage: (id: string) => `/storage/${encodeURIComponent(id)}`,
  template: (id: string) => `/templates/${encodeURIComponent(id)}`,
  console: (id: string) => `/console/${encodeURIComponent(id)}`,
  serialConsole: (id: string) => `/console/${encodeURIComponent(id)}/serial`,
};
