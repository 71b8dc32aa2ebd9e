// Permitted: the contract's own files and zod.
import { z } from 'zod';
import { defineRoute } from './route.ts';

export const contract = [z, defineRoute];
