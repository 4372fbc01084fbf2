'use client';

export { default } from '@/components/inventory/route-error';
