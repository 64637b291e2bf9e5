import path from 'node:path';
import { SqliteStore } from '../../server/store/index.js';
import { tempDir } from '../helpers/server.js';
import { storeContract } from './contract.js';

const dir = tempDir();
storeContract('sqlite', async () => new SqliteStore(path.join(dir, 'duet.sqlite')));
