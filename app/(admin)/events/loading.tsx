export { default } from '@/components/inventory/list-skeleton';
