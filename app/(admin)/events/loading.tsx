export { default } from '@/components/list/list-skeleton';
