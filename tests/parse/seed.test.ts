import { describe, expect, it } from 'vitest';
import { parseDocument, readDocument } from '../../src/parse/index.js';
import type { CitationsFile } from '../../src/types.js';

const PATH = 'documents/us-iraq-strategic-dialogue.txt';

async function parseSeed(): Promise<CitationsFile> {
  return parseDocument(await readDocument(PATH), PATH);
}

describe('the seed document', () => {
  it('has 16 records with the expected kinds and resolved references', async () => {
    const { citations } = await parseSeed();
    expect(citations.map((c) => [c.number, c.kind, c.refersTo])).toEqual([
      [1, 'full', null],
      [2, 'full', null],
      [3, 'short', 1],
      [4, 'ibid', 1],
      [5, 'short', 2],
      [6, 'full', null],
      [7, 'full', null],
      [8, 'full', null],
      [9, 'full', null],
      [10, 'short', 6],
      [11, 'full', null],
      [12, 'full', null],
      [13, 'short', 1],
      [14, 'short', 7],
      [15, 'full', null],
      [16, 'ibid', 15],
    ]);
  });

  it('finds 9 distinct URLs, closing punctuation stripped', async () => {
    const { citations } = await parseSeed();
    const urls = citations.flatMap((c) => c.urls);
    expect(urls).toEqual([
      'https://bit.ly/37gadS6',
      'https://bit.ly/37h1Qp9',
      'https://bit.ly/3CgSet5',
      'https://wapo.st/3jpjNaG',
      'https://bit.ly/3jnGFYo',
      'https://nyti.ms/3lyswKu',
      'https://reut.rs/2TSjIDQ',
      'https://bit.ly/3jjaXvn',
      'https://bit.ly/3s5t3Ff',
    ]);
    expect(new Set(urls).size).toBe(9);
  });

  it('reads authors, title, publisher and day-first dates of note 6', async () => {
    const { citations, document } = await parseSeed();
    expect(document.dateOrder).toBe('DMY');
    expect(citations[5]).toMatchObject({
      number: 6,
      authors: ['Qassim Abdul-Zahra', 'Samya Kullab'],
      title: 'AP Interview: PM Says Iraq doesn’t Need US Combat Troops',
      publisher: 'Associated Press',
      published: '2021-07-26',
      accessed: '2021-08-04',
      urls: ['https://bit.ly/3CgSet5'],
      pages: null,
      line: 51,
    });
  });

  it.each([
    [1, [], 'Joint Statement on the U.S.-Iraq Strategic Dialogue', 'U.S. Department of State', '2021-07-26'],
    [2, [], 'Remarks by President Biden and Prime Minister Mustafa Al-Kadhimi of the Republic of Iraq before Bilateral Meeting', 'The White House', '2021-07-26'],
    [7, ['Anne Gearan'], 'Biden, Pulling Combat Forces from Iraq, Seeks to End the Post-9/11 Era', 'The Washington Post', '2021-07-26'],
    [8, [], 'Press Briefing by Press Secretary Jen Psaki', 'The White House', '2021-07-26'],
    [9, ['Jane Arraf', 'Eric Schmitt'], 'U.S. to Announce Troop Drawdown from Iraq, but Little Is Expected to Change', 'The New York Times', '2021-07-24'],
    [11, ['Steve Holland', 'Trevor Hunnicutt'], 'Biden, Kadhimi Seal Agreement to End U.S. Combat Mission in Iraq', 'Reuters', '2021-07-27'],
    [12, ['Michael Collins', 'Maureen Groppe'], 'US to End Combat Mission in Iraq by End of Year, Biden Announces in Meeting with Iraqi Prime Minister', 'USA TODAY', '2021-07-27'],
    [15, ['Tara Copp', 'Jacqueline Feldscher'], 'US will End Combat Mission in Iraq, Biden Says', 'Defense One', '2021-07-26'],
  ])('reads full note %i', async (number, authors, title, publisher, published) => {
    const { citations } = await parseSeed();
    expect(citations.find((c) => c.number === number)).toMatchObject({ authors, title, publisher, published, accessed: '2021-08-04' });
  });

  it.each([
    [3, [], 'Joint Statement'],
    [5, [], 'Remarks by President Biden and Prime Minister Mustafa Al-Kadhimi'],
    [10, ['Abdul-Zahra', 'Kullab'], null],
    [13, [], 'Joint Statement'],
    [14, ['Gearan'], null],
  ])('keeps what short note %i says, and no source fields', async (number, authors, title) => {
    const { citations } = await parseSeed();
    expect(citations.find((c) => c.number === number)).toMatchObject({
      authors, title, publisher: null, published: null, accessed: null, urls: [],
    });
  });

  it('takes the title from the first real title line, warns of the placeholder and the unattributed quotations', async () => {
    const { document, warnings } = await parseSeed();
    expect(document).toEqual({ path: PATH, title: 'US-Iraq Strategic Dialogue: Prospects for Change', dateOrder: 'DMY' });
    expect(warnings.map((w) => [w.code, w.line, w.note])).toEqual([
      ['placeholder', 1, null],
      ['quotation_without_marker', 28, null],
      ['quotation_without_marker', 28, null],
    ]);
    expect(warnings[1]?.message).toContain('the defense of vital US interests');
    expect(warnings[2]?.message).toContain('while the potential resurgence');
  });

  it('gives each note the claim its marker closes, with the marker line', async () => {
    const { citations } = await parseSeed();
    expect(citations.map((c) => c.claims.map((claim) => claim.line))).toEqual([
      [10], [18], [18], [18], [18], [18], [18], [20], [20], [20], [24], [24], [24], [28], [28], [28],
    ]);
    const [one, , three, four, , , seven] = citations;
    expect(one?.claims[0]?.text).toMatch(/^After meeting last week at the White House,.*territorial integrity\.$/);
    expect(one?.claims[0]?.quotations).toEqual(['strategic dialogue']);
    expect(three?.claims[0]?.text).toMatch(/^According to the statement issued/);
    expect(four?.claims[0]?.text).toMatch(/^The Iraqi government “reaffirmed.*fight against ISIS\.”$/);
    expect(four?.claims[0]?.quotations).toEqual([
      'reaffirmed its commitment to protect Coalition personnel advising and enabling the Iraqi Security Forces',
      'all Coalition Forces are in Iraq at its invitation',
      'the bases hosting US and other Coalition personnel are Iraqi bases and are operating per existing Iraqi laws; they are not US or Coalition bases, and the presence of international personnel in Iraq is solely in support of the Government of Iraq’s fight against ISIS',
    ]);
    expect(seven?.claims[0]?.quotations).toEqual([
      'counterterrorism mission in Syria, a parallel to the one in Iraq, [which] will continue for now',
    ]);
  });

  it('keeps editorial brackets in quotations', async () => {
    const { citations } = await parseSeed();
    expect(citations[12]?.claims[0]?.quotations).toEqual([
      'economic reform and enhance[ing] regional integration',
      'in particular through energy projects with Jordan and the GCC Interconnection Authority',
    ]);
  });

  it('is deterministic', async () => {
    expect(JSON.stringify(await parseSeed())).toBe(JSON.stringify(await parseSeed()));
  });
});
