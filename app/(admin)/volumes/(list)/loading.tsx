// Here, not beside [id]/: a loading boundary above the detail page would commit a 200 before it can answer 404.
export { default } from '@/components/list/list-skeleton';
