#!/usr/bin/env node
import { main } from '../dist/bundle/entry.mjs';

main();
