// Court records
export type { CourtRecord, InstructionRecord, PartyMatch, PreparedCourtRecord } from './court/court-record.js';
